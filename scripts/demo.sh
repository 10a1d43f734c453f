#!/usr/bin/env bash
# Runs Orch on its bundled example: builds and installs the plugin, copies src/example into a fresh temporary
# folder, makes it a git repository with one commit, and runs `mvn -B orch:plan` there.
# Needs a JDK 17, Maven 3.8.7 or newer and git. Nothing outside the temporary folder and ~/.m2 is changed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The plugin's version: the first <version> of its POM (it has no parent).
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"

echo "==> Building and installing orch-maven-plugin $version"
mvn -q -B -f "$root/pom.xml" install -DskipTests -DskipITs

work="$(mktemp -d "${TMPDIR:-/tmp}/orch-demo.XXXXXX")"
echo "==> Copying the example (src/example) to $work"
cp -R "$root/src/example/." "$work/"

cd "$work"
git init -q -b main
# A local identity, so the demo works on machines without a global git configuration (CI).
git config user.name "Orch demo"
git config user.email "orch-demo@localhost"
git add -A
git -c commit.gpgsign=false commit -q -m "Orch example: a small shop and its backlog"

echo "==> Running: mvn -B orch:plan -Dorch.version=$version (in $work)"
mvn -B "-Dorch.version=$version" orch:plan

echo
echo "Orch ran in $work"
echo "The plan is in $work/target/orchestrate/plan.json and plan.mmd."
