export function resetToken(): string {
  // ruleid: vigil.js.insecure-random
  return Math.random().toString(36).slice(2);
}

// ruleid: vigil.js.insecure-random
const sessionId = Math.floor(Math.random() * 1e12).toString(16);

export const user = {
  name: 'guest',
  // ruleid: vigil.js.insecure-random
  apiKey: Math.random().toString(36),
};
