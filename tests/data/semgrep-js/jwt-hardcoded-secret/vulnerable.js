const jwt = require('jsonwebtoken');

function issue(user) {
  // ruleid: vigil.js.jwt-hardcoded-secret
  return jwt.sign({ sub: user.id }, 'vigil-test-signing-key-1234', { algorithm: 'HS256' });
}

// A secret kept in a constant is reported where it is written.
// ruleid: vigil.js.jwt-hardcoded-secret
const SECRET = 'another-test-key-5678';

function check(token) {
  return jwt.verify(token, SECRET, { algorithms: ['HS256'] });
}
