export * from './command-dispatcher';
export * from './command-finalizer';
export * from './command-handler';
export * from './command-queue';
export * from './group-pump';
export * from './messaging.module';
export * from './queues';
export * from './reconciler';
