// Runs SQL in an in-memory DuckDB and prints the rows of the last statement as JSON: the README's and `bi demo`'s way
// to query the reports without a DuckDB CLI (the tests query DuckDB in-process through DuckDB.NET instead).
//
//   node tests/tools/duckdb-query.mjs < script.sql
//
// stdin:  one or more SQL statements separated by semicolons.
// stdout: a JSON array with one object per row of the last statement (DuckDB's getRowObjectsJson: BIGINT, DECIMAL,
//         TIMESTAMP values come back as strings, so they stay exact).
// Errors: the message goes to stderr and the exit code is 1.
import { DuckDBInstance } from '@duckdb/node-api';

async function run(sql) {
  if (typeof sql !== 'string' || sql.trim().length === 0) {
    throw new Error('no SQL given');
  }

  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const statements = await connection.extractStatements(sql);
    let rows = [];
    for (let i = 0; i < statements.count; i++) {
      const prepared = await statements.prepare(i);
      const reader = await prepared.runAndReadAll();
      rows = reader.getRowObjectsJson();
    }

    return rows;
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

run(await readStdin()).then((rows) => process.stdout.write(JSON.stringify(rows))).catch((error) => {
  process.stderr.write(`${error?.message ?? error}\n`);
  process.exitCode = 1;
});
