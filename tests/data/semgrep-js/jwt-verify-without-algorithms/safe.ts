import jwt from 'jsonwebtoken';

export function check(token: string, publicKey: string) {
  // ok: vigil.js.jwt-verify-without-algorithms
  return jwt.verify(token, publicKey, { algorithms: ['RS256'] });
}

export function checkAudience(token: string, publicKey: string) {
  // ok: vigil.js.jwt-verify-without-algorithms
  return jwt.verify(token, publicKey, { audience: 'shop', algorithms: ['RS256'] });
}
