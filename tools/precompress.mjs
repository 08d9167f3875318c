// Compresses the built site's static files once, at the highest levels (brotli 11, gzip 9),
// next to each file (`x.wasm.br`, `x.wasm.gz`); the server sends them as they are
// (`ServeDir::precompressed_br`), so a phone downloads the smallest form and the server spends
// nothing compressing them. Files that are already compressed (fonts, images) are left alone.
//   node tools/precompress.mjs <site root>
import { readdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|wasm|css|html|svg|json|webmanifest|txt|xml)$/;

export function brotli(data) {
  return brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

export function gzip(data) {
  return gzipSync(data, { level: 9 });
}

function walk(dir, files = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, files);
    else files.push(path);
  }
  return files;
}

function main(root) {
  let count = 0;
  for (const path of walk(root)) {
    if (!COMPRESSIBLE.test(path)) continue;
    const data = readFileSync(path);
    for (const [suffix, compress] of [['.br', brotli], ['.gz', gzip]]) {
      const packed = compress(data);
      // A compressed copy that is not smaller is not worth sending.
      if (packed.length < data.length) writeFileSync(path + suffix, packed);
      else rmSync(path + suffix, { force: true });
    }
    count += 1;
  }
  console.log(`precompressed ${count} files under ${root} (brotli 11, gzip 9)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.argv[2]) {
    console.error('usage: node tools/precompress.mjs <site root>');
    process.exit(2);
  }
  main(process.argv[2]);
}
