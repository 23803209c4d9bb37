// Reads one CSV in a process of its own, so its peak RSS is that read's alone.
// Usage: node profileCsvChild.js <parse|profile> <file>
// parse: csv-parse alone, in the same streaming setup as the profile (the baseline);
// profile: the whole profile (hash, cells, statistics, sample).
import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { delimitedOptions } from '../src/data/delimitedReader';
import { profileFile } from '../src/data/profileFile';

async function parseOnly(file: string): Promise<number> {
  let records = 0;
  const parser = parse({
    ...delimitedOptions(','),
    on_record: () => {
      records++;
      return null;
    },
  });
  parser.resume();
  await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), parser);
  return records - 1;
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2) as ['parse' | 'profile', string];
  const started = performance.now();
  const rows = mode === 'parse' ? await parseOnly(file) : (await profileFile(file)).rows;
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ seconds, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

void main();
