import {
  CATALOG_MODEL,
  CatalogRepository,
  COMMAND_GAUGES_MODEL,
  COMMAND_MODEL,
  CommandGaugesRepository,
  CommandRepository,
  CUSTOMER_MODEL,
  CustomerRepository,
  DueAgendaRepository,
  EVENT_FEED_MODEL,
  EVENT_MODEL,
  EventLog,
  INTERVAL_CLAIM_MODEL,
  IntervalClaims,
  GroupQueueRepository,
  HoldingsLedger,
  MODELS,
  PARTNER_MODEL,
  PartnerRepository,
  SUBSCRIPTION_MODEL,
  SubscriptionRepository,
} from '@app/persistence';
import { Connection, Model } from 'mongoose';

/** The real repositories on a test connection, built without Nest. */
export async function repositoriesOn(connection: Connection) {
  for (const { name, schema } of MODELS) if (!connection.models[name]) connection.model(name, schema);
  await Promise.all(Object.values(connection.models).map((model) => model.init()));
  const model = <T>(name: string) => connection.model(name) as unknown as Model<T>;
  const customers = new CustomerRepository(model(CUSTOMER_MODEL));
  return {
    commands: new CommandRepository(model(COMMAND_MODEL)),
    gauges: new CommandGaugesRepository(model(COMMAND_GAUGES_MODEL)),
    claims: new IntervalClaims(model(INTERVAL_CLAIM_MODEL)),
    customers,
    subscriptions: new SubscriptionRepository(model(SUBSCRIPTION_MODEL)),
    partners: new PartnerRepository(model(PARTNER_MODEL)),
    groups: new GroupQueueRepository(model(SUBSCRIPTION_MODEL), model(CUSTOMER_MODEL)),
    agenda: new DueAgendaRepository(model(SUBSCRIPTION_MODEL), model(CUSTOMER_MODEL)),
    ledger: new HoldingsLedger(customers),
    catalogs: new CatalogRepository(model(CATALOG_MODEL)),
    eventLog: new EventLog(model(EVENT_MODEL), model(EVENT_FEED_MODEL)),
  };
}
