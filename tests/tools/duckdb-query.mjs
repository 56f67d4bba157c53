// Runs SQL in an in-memory DuckDB and prints the rows of the last statement as JSON.
//
//   node tests/tools/duckdb-query.mjs [--timings] < script.sql
//
// stdin:  one or more SQL statements separated by semicolons.
// stdout: a JSON array with one object per row of the last statement (DuckDB's getRowObjectsJson: BIGINT, DECIMAL,
//         TIMESTAMP values come back as strings, so they stay exact). With --timings the output is instead
//         {"rows": [...], "statementMs": [ms per statement, in order]}, each measured around that statement alone.
// Errors: the message goes to stderr and the exit code is 1.
//
//   node tests/tools/duckdb-query.mjs --serve
//
// Keeps one process for many scripts (loading DuckDB's native library costs ~0.5 s, a fresh database ~10 ms):
// each stdin line is a request {"sql": "..."}; each stdout line is the answer {"rows": [...], "statementMs": [...]}
// or {"error": "message"}. Every request gets its own in-memory database. Exits when stdin closes.
import { DuckDBInstance } from '@duckdb/node-api';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';

async function run(sql) {
  if (typeof sql !== 'string' || sql.trim().length === 0) {
    throw new Error('no SQL given');
  }

  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const statements = await connection.extractStatements(sql);
    const statementMs = [];
    let rows = [];
    for (let i = 0; i < statements.count; i++) {
      const prepared = await statements.prepare(i);
      const started = performance.now();
      const reader = await prepared.runAndReadAll();
      statementMs.push(performance.now() - started);
      rows = reader.getRowObjectsJson();
    }

    return { rows, statementMs };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function serve() {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim().length === 0) {
      continue;
    }

    let answer;
    try {
      answer = await run(JSON.parse(line).sql);
    } catch (error) {
      answer = { error: `${error?.message ?? error}` };
    }

    // JSON.stringify escapes newlines inside strings, so one answer is exactly one line.
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}

async function once() {
  const result = await run(await readStdin());
  process.stdout.write(JSON.stringify(process.argv.includes('--timings') ? result : result.rows));
}

(process.argv.includes('--serve') ? serve() : once()).catch((error) => {
  process.stderr.write(`${error?.message ?? error}\n`);
  process.exitCode = 1;
});
