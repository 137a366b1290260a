import express from 'express';
import cors from 'cors';

const app = express();

// ok: vigil.js.cors-credentials-any-origin
app.use(cors({ origin: ['https://shop.example.com'], credentials: true }));

// ok: vigil.js.cors-credentials-any-origin
app.use('/public', cors({ origin: '*' }));
