#!/bin/sh
# Spark's GPU discovery script (spark.{worker,executor}.resource.gpu.discoveryScript): the GPUs this
# process may use, as {"name": "gpu", "addresses": ["0", "1", ...]}: CUDA_VISIBLE_DEVICES when set
# (numbers), else every GPU nvidia-smi sees (in PCI order, as CUDA_DEVICE_ORDER=PCI_BUS_ID numbers them);
# none when there is no nvidia-smi.
if [ -n "${CUDA_VISIBLE_DEVICES:-}" ]; then
  list=$(echo "$CUDA_VISIBLE_DEVICES" | tr ',' '\n')
else
  list=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null)
fi
addresses=$(echo "$list" | tr -d ' ' | awk 'NF {printf "%s\"%s\"", (n++ ? "," : ""), $1}')
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
