import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { PlotData } from '../src/core/artifacts/types';

/**
 * Generated media: PNG files (a real encoder's output, zlib and CRC-32 from Node) and plot data in
 * the shapes runMedia returns. Used by the webview tests and the media benchmark.
 */

/** A `width`×`height` RGB PNG: a gradient whose hue follows `seed`, so each image looks different. */
export function pngBytes(width: number, height: number, seed: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const at = row + 1 + x * 3;
      raw[at] = (x * 255) / width + seed * 37;
      raw[at + 1] = (y * 255) / height + seed * 71;
      raw[at + 2] = ((x + y) * 127) / (width + height) + seed * 113;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Writes a PNG and returns its path. */
export function writePng(file: string, width: number, height: number, seed: number): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, pngBytes(width, height, seed));
  return file;
}

/** A confusion matrix of `labels.length` classes, mostly right, `skill` (0…1) of each class on the diagonal. */
export function confusionData(labels: string[], perClass: number, skill: number, seed = 0): Extract<PlotData, { kind: 'confusion' }> {
  const counts = labels.map((_, actual) =>
    labels.map((__, predicted) => {
      if (predicted === actual) return Math.round(perClass * skill);
      const wrong = Math.round((perClass * (1 - skill)) / (labels.length - 1));
      return Math.max(0, wrong + (((actual * 7 + predicted * 3 + seed) % 5) - 2));
    }),
  );
  return { kind: 'confusion', labels, counts };
}

/** A ROC curve per class: `quality` (0.5 chance … 1 perfect) bends it towards the top left. */
export function rocData(classes: string[], quality: number, points = 101): Extract<PlotData, { xLabel: string }> {
  const bend = Math.max(0.01, 1 - quality) * 2;
  return {
    kind: 'roc',
    xLabel: 'fpr',
    yLabel: 'tpr',
    series: classes.map((name, c) => {
      const x = Array.from({ length: points }, (_, i) => i / (points - 1));
      return { name, x, y: x.map((v) => Math.min(1, v ** (bend * (1 + c * 0.1)))) };
    }),
  };
}

/** A logged table of `rows` predictions: id, label, score, correct. */
export function tableData(rows: number, kept = Math.min(rows, 1_000)): Extract<PlotData, { kind: 'table' }> {
  return {
    kind: 'table',
    columns: ['id', 'label', 'score', 'correct'],
    rows: Array.from({ length: kept }, (_, i) => [i, `class-${i % 3}`, Number(((i * 0.618) % 1).toFixed(4)), i % 4 !== 0]),
    totalRows: rows,
  };
}
