#!/bin/sh
# The README's two commands end here: `npm run demo` and `npm test`. They work on a fresh machine
# with only Node (>= 20.19) and npm: pnpm is taken from the npm registry at the version pinned in
# package.json, dependencies are installed from the lockfile, then the job runs.
set -eu
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$want" ]; then
  pnpm() { command pnpm "$@"; }
else
  pnpm() { npm exec --yes --package="pnpm@$want" -- pnpm "$@"; }
fi

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error(`Node ${process.versions.node} is too old: webex-oidc needs Node >= 20.19 (require(esm)).`); process.exit(1) }'

pnpm install --frozen-lockfile --prefer-offline

case "${1:-test}" in
  test)
    # build, typecheck and lint in parallel; then every test suite (unit + integration against the
    # sandbox, Redis and Chromium) one package at a time, so that suites that wait on real token
    # lifetimes don't starve each other on a 2-core machine
    pnpm exec turbo run build typecheck lint --output-logs=errors-only
    pnpm exec turbo run test --concurrency=1 --output-logs=errors-only
    node scripts/test-summary.mjs
    ;;
  demo)
    # sandbox IdP + Finesse simulator + Redis + token worker (dashboard) + example app; Ctrl-C stops all
    pnpm exec turbo run build --output-logs=errors-only
    exec node apps/demo/dist/main.js
    ;;
  *)
    echo "usage: scripts/run.sh test|demo" >&2
    exit 2
    ;;
esac
