import type { AgentCard, AgentSkill } from '@a2a-js/sdk';
import type { CompanySnapshot } from '../domain/types.ts';

/** The URI of SynthOrg's negotiation extension (docs/federation.md, "Negotiation"). */
export const negotiationExtensionUri = 'https://synthorg.dev/a2a/extensions/negotiation/v1';

/** The security scheme every call but the card's must satisfy: a partner's key as a bearer token. */
export const partnerKeyScheme = 'partnerKey';

/**
 * The company's public A2A card: its skills (merged over its agents, strongest proficiency first) and how
 * to authenticate. Nothing internal: no agent names, models, budgets or prices.
 */
export function companyAgentCard(company: CompanySnapshot, baseUrl: string): AgentCard {
  const skills = new Map<string, { name: string; proficiency: number }>();
  for (const agent of company.agents) {
    for (const skill of agent.skills) {
      const known = skills.get(skill.id);
      if (!known || known.proficiency < skill.proficiency) {
        skills.set(skill.id, { name: skill.name, proficiency: skill.proficiency });
      }
    }
  }
  const cardSkills: AgentSkill[] = [...skills.entries()]
    .sort(([, a], [, b]) => b.proficiency - a.proficiency)
    .map(([id, skill]) => ({
      id,
      name: skill.name,
      description: `${skill.name}, done by ${company.name} with review by a second agent`,
      tags: [id],
      examples: [],
      inputModes: ['text/plain'],
      outputModes: ['text/plain'],
      securityRequirements: [],
    }));
  return {
    name: company.name,
    description: `${company.name}: a SynthOrg company. Send a goal; it is planned, worked and reviewed by the company's agents.`,
    supportedInterfaces: [
      { url: `${baseUrl}/a2a/jsonrpc`, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '1.0' },
    ],
    provider: { organization: company.name, url: baseUrl },
    version: '1.0.0',
    capabilities: {
      streaming: true,
      pushNotifications: false,
      extendedAgentCard: false,
      extensions: [
        {
          uri: negotiationExtensionUri,
          description: 'Request for quote, offers, counter-offers and acceptance before a task is sent (SynthOrg).',
          required: false,
          params: { maxRounds: 3 },
        },
      ],
    },
    securitySchemes: {
      [partnerKeyScheme]: {
        scheme: {
          $case: 'httpAuthSecurityScheme',
          value: {
            description: 'The key this company issued to the partner ("synthorg partner add"), as a bearer token',
            scheme: 'Bearer',
            bearerFormat: 'opaque',
          },
        },
      },
    },
    securityRequirements: [{ schemes: { [partnerKeyScheme]: { list: [] } } }],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: cardSkills,
    signatures: [],
  };
}
