const jwt = require('jsonwebtoken');

function issue(user) {
  // ruleid: vigil.js.jwt-none-algorithm
  return jwt.sign({ sub: user.id }, '', { algorithm: 'none' });
}

function check(token, key) {
  // ruleid: vigil.js.jwt-none-algorithm
  return jwt.verify(token, key, { algorithms: ['HS256', 'none'] });
}
