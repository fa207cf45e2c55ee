#!/bin/sh
# Emits JavaScript and type declarations into dist/ for the installable package (npm pack runs it
# through prepack). A clone does not need it: the CLI and the tests run the .ts sources directly.
set -eu
cd "$(dirname "$0")/.."
rm -rf dist
tsc -p tsconfig.build.json
# Files the code reads beside itself at run time (built-in templates, SQL migrations, the local embedding server).
cp src/templates/*.yaml dist/src/templates/
mkdir -p dist/src/db/migrations
cp src/db/migrations/*.sql dist/src/db/migrations/
mkdir -p dist/src/local-embedder/python
cp src/local-embedder/python/*.py dist/src/local-embedder/python/
