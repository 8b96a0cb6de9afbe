import type { CosmosClient } from '@azure/cosmos';
import type { HttpDeps } from './http/pipeline';
import { createTokenVerifier } from './platform/auth';
import { systemClock } from './platform/clock';
import type { AppConfig } from './platform/config';
import { ActionItemService } from './services/action-items';
import { DealService } from './services/deals';
import { DirectoryService } from './services/directory';
import { IdempotencyService } from './services/idempotency';
import { MeetingService } from './services/meetings';
import type { Clock } from './services/ports';
import { CosmosActionItemRepository } from './store/action-items';
import { createCosmosClient, CosmosStore } from './store/cosmos';
import { CosmosDealRepository } from './store/deals';
import { CosmosTeamRepository, CosmosUserRepository } from './store/directory';
import { CosmosIdempotencyRepository } from './store/idempotency';
import { CosmosMeetingRepository } from './store/meetings';

export interface AppServices extends HttpDeps {
  config: AppConfig;
  store: CosmosStore;
  clock: Clock;
}

export interface CompositionOverrides {
  /** A client built elsewhere (the local host's stand-in connection, a test's counting client). */
  cosmosClient?: CosmosClient;
  clock?: Clock;
}

/** Builds the repositories, adapters and services once per process. Nothing here talks to the network yet. */
export function composeApp(config: AppConfig, overrides: CompositionOverrides = {}): AppServices {
  const clock = overrides.clock ?? systemClock;
  const client = overrides.cosmosClient ?? createCosmosClient({ ...config.cosmos });
  const store = new CosmosStore(client, config.cosmos.databaseId);
  const deals = new CosmosDealRepository(store);
  const directory = new DirectoryService(new CosmosUserRepository(store), new CosmosTeamRepository(store), clock);
  return {
    config,
    store,
    clock,
    verifier: createTokenVerifier(config.auth),
    directory,
    idempotency: new IdempotencyService(new CosmosIdempotencyRepository(store), clock),
    actionItems: new ActionItemService(new CosmosActionItemRepository(store), deals, directory, clock),
    deals: new DealService(deals, directory, clock),
    meetings: new MeetingService(new CosmosMeetingRepository(store), deals, directory, clock),
  };
}
