import express from 'express';
import cors from 'cors';

const app = express();

// ruleid: vigil.js.cors-credentials-any-origin
app.use(cors({ origin: '*', credentials: true }));

// ruleid: vigil.js.cors-credentials-any-origin
app.use('/api', cors({ credentials: true, origin: true, maxAge: 600 }));
