#!/usr/bin/env bash
# The API's semantic versions, checked (issue #15): bnd-baseline passes the current multilens-api
# against itself and fails when an abstract method is added to Step (a @ConsumerType: a major
# change under an unchanged 1.0.0 package version). The build baselines against the newest
# *released* API, of which there is none yet; here the current jar is installed under a throwaway
# coordinate and used as the base. Takes about a minute; changes nothing in the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
plugin=biz.aQute.bnd:bnd-baseline-maven-plugin:7.1.0:baseline
base_dir="$HOME/.m2/repository/io/multilens/baseline-check"
wt=$(mktemp -d)
cleanup() { git worktree remove --force "$wt" >/dev/null 2>&1 || true; rm -rf "$wt" "$base_dir"; }
trap cleanup EXIT

mvn -B -q -o install -DskipTests -pl bundles/api -am
jar=$(ls bundles/api/target/multilens-api-*.jar | head -1)
mvn -B -q -o install:install-file -Dfile="$jar" -DgroupId=io.multilens.baseline-check -DartifactId=multilens-api \
    -Dversion=1.0.0 -Dpackaging=jar
base=io.multilens.baseline-check:multilens-api:1.0.0

echo "== the current API against itself"
mvn -B -o package $plugin -DskipTests -pl bundles/api -Dbnd.baseline.base.coordinates=$base -Dbnd.baseline.full.report=true \
    | grep -E "Baseline check|BUILD" 

echo "== with an abstract method added to Step"
git worktree add -q --detach "$wt" HEAD
step="$wt/bundles/api/src/main/java/io/multilens/api/plugin/Step.java"
sed -i 's|^public interface Step {|public interface Step {\n    void addedWithoutAMajorVersion();|' "$step"
if (cd "$wt" && mvn -B -o package $plugin -DskipTests -pl bundles/api -Dbnd.baseline.base.coordinates=$base) > "$wt.log" 2>&1; then
  echo "FAILED: the incompatible change passed the baseline"; exit 1
fi
grep -E "io.multilens.api.plugin +PACKAGE|ADDED +METHOD" "$wt.log" | sed 's/^\[ERROR\] *//' | sort -u
echo "OK: the incompatible change fails the build (suggested version above)"
rm -f "$wt.log"
