// A TypeScript service that caches every session it ever saw: a Map without eviction.
interface Session {
  id: number;
  user: string;
  scratch: number[];
}

const sessions = new Map<number, Session>();
let next = 0;

export function openSession(): number {
  const id = ++next;
  const session: Session = { id, user: `user-${id}`, scratch: new Array<number>(256).fill(id) };
  sessions.set(id, session); // LEAK: never deleted
  return sessions.size;
}

declare const require: { main: unknown };
declare const module: unknown;
if (require.main === module) {
  for (let i = 0; i < 2000; i++) openSession();
  console.log(`${sessions.size} sessions kept`);
}
