const https = require('https');

// ruleid: vigil.js.tls-verification-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

// ruleid: vigil.js.tls-verification-disabled
const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

https.get('https://internal.example.com/health', { agent }, (res) => res.resume());
