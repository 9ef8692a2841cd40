// The real worker, counting the MongoDB write commands it sends (the driver's command monitoring)
// by command and collection, kept as JSON in the file COUNT_WRITES_TO (rewritten at each write)
// (test/integration/grouping/group-commit.spec.ts compares a run's writes with one at a time's).
import { writeFileSync } from 'node:fs';
import { CommandStartedEvent, MongoClient } from 'mongodb';

const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);
const target = process.env.COUNT_WRITES_TO;
const counts: Record<string, number> = {};

const connect = MongoClient.prototype.connect;
MongoClient.prototype.connect = function countingConnect(this: MongoClient) {
  this.options.monitorCommands = true;
  this.on('commandStarted', (event: CommandStartedEvent) => {
    if (!WRITES.has(event.commandName)) return;
    const key = `${event.commandName} ${String(event.command[event.commandName])}`;
    counts[key] = (counts[key] ?? 0) + 1;
    if (target) writeFileSync(target, JSON.stringify(counts));
  });
  return connect.call(this);
};

void import('../apps/worker/src/main');
