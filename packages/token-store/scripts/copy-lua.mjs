// Copies the Lua scripts next to the compiled code (src/lua/*.lua → dist/lua/), where
// src/lib/scripts.ts reads them at runtime through `new URL('../lua/…', import.meta.url)`.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';

const from = new URL('../src/lua/', import.meta.url);
const to = new URL('../dist/lua/', import.meta.url);
rmSync(to, { recursive: true, force: true }); // no stale script from an earlier build
mkdirSync(to, { recursive: true });
const files = readdirSync(from).filter((name) => /^[a-z]+-\d+\.lua$/.test(name));
for (const name of files) copyFileSync(new URL(name, from), new URL(name, to));
console.log(`copy-lua: ${files.length} script(s) → dist/lua`);
