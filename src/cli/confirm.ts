/** Terraform-style approval: only the exact answer `yes` proceeds. */
import { createInterface } from 'node:readline';
import type { Io } from './io.js';

export async function confirm(io: Io, question: string): Promise<boolean> {
  io.stdout.write(question);
  const reader = createInterface({ input: io.stdin, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      reader.once('line', resolve);
      reader.once('close', () => resolve(''));
    });
    return answer.trim() === 'yes';
  } finally {
    reader.close();
  }
}
