import { Inject, Injectable } from '@nestjs/common';
import { DecisionContext, DEFAULT_POLICY, Policy } from '@app/domain';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { CatalogRepository } from '@app/persistence';

/** What every decision needs besides state: the catalog, the policy from configuration, and now. */
@Injectable()
export class DecisionContextFactory {
  readonly policy: Policy;

  constructor(
    private readonly catalogs: CatalogRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policy = {
      ...DEFAULT_POLICY,
      renewalProcessingMs: config.renewalProcessingMs,
      conflictRetryDelayMs: config.conflictRetryDelayMs,
      conflictMaxWaitMs: config.conflictMaxWaitMs,
    };
  }

  async create(now: Date): Promise<DecisionContext> {
    return { now, catalog: await this.catalogs.current(), policy: this.policy };
  }
}
