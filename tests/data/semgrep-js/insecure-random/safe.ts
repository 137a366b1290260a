import { randomBytes } from 'crypto';

export function resetToken(): string {
  // ok: vigil.js.insecure-random
  return randomBytes(32).toString('hex');
}

// Jitter for retries does not need to be unpredictable.
// ok: vigil.js.insecure-random
const retryDelay = 1000 + Math.random() * 500;

export function shuffle<T>(items: T[]): T[] {
  // ok: vigil.js.insecure-random
  return items.sort(() => Math.random() - 0.5);
}

export function SessionHandler() {
  // The enclosing function's name is no reason: these are demo numbers, not secrets.
  // ok: vigil.js.insecure-random
  const stocks = Math.floor(Math.random() * 40 + 1);
  return { stocks };
}
