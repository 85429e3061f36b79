#!/usr/bin/env node
// The `token-worker` command. A committed launcher (rather than pointing `bin` at dist/) so that
// installing the workspace before it is built can link the command without warnings.
import '../dist/cli.js';
