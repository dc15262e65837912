import { assertEquals } from "../../tests/assert.ts";
import {
  isConnectionError,
  isDiskFull,
  isLockTimeout,
  isStatementCancelled,
  redactDatabaseUrl,
} from "./connection.ts";

Deno.test("redactDatabaseUrl hides what redactUrl hides and names host, port and database", () => {
  assertEquals(
    redactDatabaseUrl("postgres://app:s3cret@db.internal:6432/ct?password=x&sslmode=require"),
    "postgres://app:***@db.internal:6432/ct?***",
  );
  // A username alone may be a token, as everywhere else URLs are shown.
  assertEquals(
    redactDatabaseUrl("postgres://postgres@127.0.0.1/ct"),
    "postgres://***@127.0.0.1:5432/ct",
  );
  assertEquals(redactDatabaseUrl("postgresql://db.internal"), "postgresql://db.internal:5432");
  assertEquals(redactDatabaseUrl("not a url s3cret"), "<unparseable database URL>");
});

Deno.test("isConnectionError tells unreachable or refusing servers from statement errors", () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });
  for (const code of ["ECONNREFUSED", "CONNECT_TIMEOUT", "08006", "28P01", "3D000", "57P01"]) {
    assertEquals(isConnectionError(withCode(code)), true, code);
  }
  for (const code of ["23505", "42P01", "40001"]) {
    assertEquals(isConnectionError(withCode(code)), false, code);
  }
  assertEquals(isConnectionError(new Error("no code")), false);
  assertEquals(isConnectionError("ECONNREFUSED"), false);
});

Deno.test("a lock timeout and a cancelled statement are told apart from each other and from connection errors", () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });
  assertEquals(isLockTimeout(withCode("55P03")), true);
  assertEquals(isStatementCancelled(withCode("57014")), true);
  for (const code of ["57014", "23505", "ECONNREFUSED"]) {
    assertEquals(isLockTimeout(withCode(code)), false, code);
  }
  for (const code of ["55P03", "57P01", "40001"]) {
    assertEquals(isStatementCancelled(withCode(code)), false, code);
  }
  assertEquals(isConnectionError(withCode("55P03")), false);
  assertEquals(isConnectionError(withCode("57014")), false);
  assertEquals(isLockTimeout(new Error("no code")), false);
});

Deno.test("a full disk on the server is told apart from other resource errors", () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });
  assertEquals(isDiskFull(withCode("53100")), true);
  for (const code of ["53200", "53300", "55P03", "57014"]) {
    assertEquals(isDiskFull(withCode(code)), false, code);
  }
});
