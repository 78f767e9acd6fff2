// Parses every *.tf, *.tftest.hcl and *.tfmock.hcl file under the given directory with HashiCorp's HCL2 parser
// (@cdktf/hcl2json: the Go hcl library compiled to WebAssembly, so no terraform binary is needed)
// and formats it with hclwrite.Format (@cdktf/hcl-tools: the formatting `terraform fmt` applies).
// Prints one JSON object: {"files": {"relative/path.tf": <the file as JSON>, ...}, "unformatted":
// [paths whose text the formatter would change]}, sorted by path. Exits 1 after listing every
// file that does not parse, so one run shows every error.
import { format } from '@cdktf/hcl-tools';
import { parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: node hcl2json.mjs <directory>');
  process.exit(2);
}

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '.terraform' ? [] : files(path);
    return e.name.endsWith('.tf') || e.name.endsWith('.tftest.hcl') || e.name.endsWith('.tfmock.hcl') ? [path] : [];
  });
}

const out = {};
const unformatted = [];
const errors = [];
for (const path of files(root).sort()) {
  const name = relative(root, path);
  try {
    const text = readFileSync(path, 'utf8');
    out[name] = await parse(name, text);
    if ((await format(text)) !== text) unformatted.push(name);
  } catch (e) {
    errors.push(`${name}: ${e.message}`);
  }
}
if (errors.length > 0) {
  console.error(errors.join('\n'));
  process.exit(1);
}
process.stdout.write(JSON.stringify({ files: out, unformatted }));
