const fs = require('fs');
const https = require('https');

// ok: vigil.js.tls-verification-disabled
const agent = new https.Agent({ keepAlive: true, ca: fs.readFileSync('/etc/ssl/internal-ca.pem') });

// ok: vigil.js.tls-verification-disabled
const strict = new https.Agent({ rejectUnauthorized: true });

https.get('https://internal.example.com/health', { agent }, (res) => res.resume());
