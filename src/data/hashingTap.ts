import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes a file's bytes through unchanged while hashing them (sha256, in the same pass as the
 * parse) and watching for bytes that are not UTF-8. A multi-byte character split between two
 * chunks is checked whole, with the next chunk.
 */
export class HashingTap extends Transform {
  private readonly hash = createHash('sha256');
  private carry: Buffer | null = null;
  bytes = 0;
  /** Some bytes so far were not UTF-8 (they decode as U+FFFD). */
  sawInvalidUtf8 = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.sawInvalidUtf8) this.checkUtf8(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    // A character still cut off at the end of the file is not UTF-8.
    if (this.carry !== null) this.sawInvalidUtf8 = true;
    done();
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  private checkUtf8(chunk: Buffer): void {
    const bytes = this.carry === null ? chunk : Buffer.concat([this.carry, chunk]);
    const whole = completeLength(bytes);
    this.carry = whole === bytes.length ? null : Buffer.from(bytes.subarray(whole));
    if (!isUtf8(bytes.subarray(0, whole))) this.sawInvalidUtf8 = true;
  }
}

/** The length of `bytes` without a multi-byte UTF-8 character cut off at its end. */
function completeLength(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) !== 0x80) {
      // A lead byte: how long its character is, against how many bytes are here.
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return needed > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}
