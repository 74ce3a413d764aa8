#!/bin/sh
# Spark's GPU discovery script (spark.{worker,executor}.resource.gpu.discoveryScript): the GPUs
# nvidia-smi sees, as {"name": "gpu", "addresses": ["0", "1", ...]}; none when it is missing.
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | tr -d ' ' | awk 'NF {printf "%s\"%s\"", (n++ ? "," : ""), $1}')
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
