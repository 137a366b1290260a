import jwt from 'jsonwebtoken';

export function check(token: string, publicKey: string) {
  // ruleid: vigil.js.jwt-verify-without-algorithms
  return jwt.verify(token, publicKey);
}

export function checkAudience(token: string, publicKey: string) {
  // ruleid: vigil.js.jwt-verify-without-algorithms
  return jwt.verify(token, publicKey, { audience: 'shop' });
}
