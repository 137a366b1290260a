import Koa from 'koa';
import Router from '@koa/router';
import { Pool } from 'pg';

const pool = new Pool();
const router = new Router();

router.get('/users/:name', async (ctx: Koa.Context) => {
  // ruleid: vigil.js.sql-injection
  const result = await pool.query(`SELECT * FROM users WHERE name = '${ctx.params.name}'`);
  ctx.body = result.rows;
});

router.post('/users/search', async (ctx: Koa.Context) => {
  const { email } = ctx.request.body;
  // ruleid: vigil.js.sql-injection
  const result = await pool.query("SELECT * FROM users WHERE email = '" + email + "'");
  ctx.body = result.rows;
});
