import {
  ClientFactory,
  ClientFactoryOptions,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
} from '@a2a-js/sdk/client';
import type { Client } from '@a2a-js/sdk/client';
import type { AgentCard } from '@a2a-js/sdk';

/** A fetch that presents `key` as a bearer token on every call (the partner's card is public). */
export function keyedFetch(key: string | null): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    if (key) headers.set('authorization', `Bearer ${key}`);
    return fetch(input, { ...init, headers });
  };
}

/** The partner's agent card, fetched from its operator-given address only. */
export async function fetchPartnerCard(url: string): Promise<AgentCard> {
  return new DefaultAgentCardResolver().resolve(url);
}

/** The official A2A client for a partner, over JSON-RPC, presenting the key the partner issued us. */
export async function partnerClient(url: string, key: string | null, card?: AgentCard): Promise<Client> {
  const fetchImpl = keyedFetch(key);
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory({ fetchImpl })],
      preferredTransports: ['JSONRPC'],
    }),
  );
  return card ? factory.createFromAgentCard(card) : factory.createFromUrl(url);
}
