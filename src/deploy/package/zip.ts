/**
 * handler.zip, byte for byte the same for the same contents: fixed entry times and order, so an unchanged
 * bundle keeps its content-addressed S3 key and CloudFormation sees no change to deploy.
 */
import { zipSync, type Zippable } from 'fflate';

/** DOS time starts in 1980; local components, since zip stores local time. */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);
/** A regular file, rw-r--r--, as Lambda wants its code files readable. */
const UNIX_FILE = 0o100644 << 16;

export function zipFiles(files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const entries: Zippable = {};
  for (const name of Object.keys(files).sort()) {
    entries[name] = [files[name] ?? new Uint8Array(), { mtime: FIXED_TIME, os: 3, attrs: UNIX_FILE }];
  }
  return zipSync(entries, { level: 9 });
}
