/**
 * The twenty-first session round's held-out split for GraphRAG: three multi-hop families written and committed,
 * before any figure was taken on them, by an engineer who did not read the ranking code. Split 12 read like
 * minutes, one-line ticket comments and chat, split 13 like a mailbox and a wiki, split 14 like reviews,
 * handovers and spreadsheet exports, split 15 like transcripts, decision logs and records; this one reads like
 * what a company's tools keep (bench/held-out-families-16-notes.ts): issue-tracker threads, where a link is often
 * a question in one comment and its answer in the next, and a ticket may be resolved, reopened and resolved
 * again with the other value; chat channel exports with replies; configuration commits, whose YAML diff puts a
 * removed value beside its replacement and a link's two ends on two lines; and calendar entries, a link's one end
 * in the title or the place and the other in the notes. The chains are new (a product feature → the service
 * answering it → the cluster running that service → the cluster's ingress hostname; an airline → its ground
 * handler → the desk coordinating that handler → the desk's phone extension; an appliance model → its warranty
 * repair partner → the partner's workshop → the workshop's postcode), and so are the answer kinds: a hostname, a
 * phone extension, a postcode. Half of each company's notes are distractors putting a named entity or a bridge
 * beside a wrong value of the asked kind — a service's staging host, a handler's sales line, a partner's billing
 * postcode — often with another entity of the family in another relation. Each question carries its chain of
 * entity names, so the data can be checked (test/memory/held-out-split-16.test.ts) without running recall.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { besideBoth, mayShareChain } from './chat-notes.ts';
import { calendar, commit, exchange, handles, thread, twoOf } from './held-out-families-16-notes.ts';
import type { ThreadEvent } from './held-out-families-16-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

export type { HandbookSet } from './handbook-company.ts';
// The second and third families are in their own modules only to keep each file short.
export { groundHandling } from './held-out-families-16-handling.ts';
export { repairWorkshops } from './held-out-families-16-repairs.ts';

const features = (
  'Invoice Reminders,Bulk Export,Audit Trail,Team Invites,Usage Alerts,Saved Filters,Custom Fields,Guest Access,' +
  'Recurring Tasks,Time Tracking,File Previews,Shared Inboxes,Webhook Retries,Expense Claims,Smart Search,' +
  'Data Import,Approval Chains,Client Portal,Mobile Sync,Activity Feed,Role Templates,Budget Caps,Tag Suggestions,' +
  'Document Signing,Kanban Boards,Holiday Planner,Price Books,Survey Forms'
).split(',');
const serviceWords = 'ledger,courier,beacon,harbor,quill,tally,vault,relay,atlas,ember'.split(',');
const trees = 'larch,rowan,alder,hazel,birch,cedar,maple,aspen,juniper,spruce'.split(',');
const polishForenames = 'Marta,Jakub,Agnieszka,Piotr,Zofia,Tomasz,Ewa,Kamil,Aleksandra,Bartosz'.split(',');
const polishSurnames = 'Nowak,Kowalczyk,Zielinski,Wozniak,Lewandowski,Kaminski,Dabrowski,Mazur,Krawczyk,Pawlak'.split(
  ',',
);
/** An ingress hostname ("edge-14.ams.platform.example"): always the same length, so none is part of another. */
const hostname = (random: Random) =>
  `edge-${10 + Math.floor(random() * 90)}.${pick(random, ['ams', 'fra', 'dub', 'iad'])}.platform.example`;

/**
 * Service gateways: which service answers each product feature, which cluster runs each service, the ingress
 * hostname of each cluster. Two-hop: "what host do I point at to reach the servers behind feature F?";
 * three-hop: the same for the feature F is built on.
 */
export function serviceGateways(seed: number): HandbookSet {
  const random = seededRandom(seed * 223_007 + 137);
  const starts = distinct(random, 24, (r) => pick(r, features));
  const firsts = distinct(random, 8, (r) => `${pick(r, serviceWords)}-${pick(r, ['api', 'svc', 'worker'])}`);
  const seconds = distinct(random, 7, (r) => `${pick(r, trees)}-${pick(r, ['eu', 'us'])}${1 + Math.floor(r() * 4)}`);
  const hosts = distinct(random, 19, hostname);
  const staff = handles(random, 10, polishForenames, polishSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const decoy = () => pick(random, hosts.slice(7));
  /** The values of `allowed` that answer another chain: a distractor that puts one beside a name confuses most. */
  const answersIn = (allowed: string[]) => allowed.filter((value) => hosts.slice(0, 7).includes(value));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, hosts, upstream, downstream);
  const said = (...texts: string[]) =>
    exchange(random, pick(random, ['platform-help', 'sre', 'backend']), staff, ...texts);
  const ticket = (title: string, ...events: [ThreadEvent, ...ThreadEvent[]]) =>
    thread(random, 'PLAT', { title, component: pick(random, ['ui', 'infra', 'api']), events });
  return company({
    prefix: 'gateways',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: hosts.slice(0, 7),
    decoys: hosts.slice(7),
    links: [
      [
        (feature, service) => {
          const [one, another] = twoOf(random, staff);
          return ticket(
            `${feature} spins on save`,
            { by: one, says: `${feature} never finishes saving for two tenants.` },
            { by: another, says: `Those requests land on ${service}; a deploy went out at noon, rolling back.` },
            { by: another, moves: 'Resolved' },
          );
        },
        (feature, service) =>
          commit(random, {
            author: person(),
            message: `move ${feature} requests off the monolith`,
            path: 'deploy/routing/features.yaml',
            diff: [
              [' ', `- feature: ${feature}`],
              ['-', `  owner: ${other(firsts, service)}`],
              ['+', `  owner: ${service}`],
            ],
          }),
        (feature, service) =>
          said(`who picks up ${feature} requests these days?`, `${service}, since it was split out last year.`),
        (feature, service) =>
          calendar(random, staff, {
            title: `${service} on-call handover`,
            where: 'Room Kepler',
            notes: `From today their rota carries the pager for ${feature} requests; the old handler is gone.`,
          }),
      ],
      [
        (service, cluster) =>
          commit(random, {
            author: person(),
            message: `pin ${service} to one cluster`,
            path: `deploy/${service}/values.yaml`,
            diff: [
              ['+', `cluster: ${cluster}`],
              [' ', `replicas: ${2 + Math.floor(random() * 6)}`],
            ],
          }),
        (service, cluster) => {
          const [one, another] = twoOf(random, staff);
          return ticket(
            `${service} latency after migration`,
            { by: one, says: `${service} moved to ${other(seconds, cluster)} on Monday and p99 doubled.` },
            { by: another, moves: 'Resolved' },
            { by: one, moves: 'Reopened' },
            { by: one, says: `Rolled back: ${service} runs on ${cluster} again until the disk issue is fixed.` },
            { by: one, moves: 'Resolved' },
          );
        },
        (service, cluster) =>
          said(`where does ${service} live now?`, `${cluster}, with the rest of the payments stack.`),
        (service, cluster) =>
          calendar(random, staff, {
            title: `Failover drill: ${cluster}`,
            where: 'Incident bridge',
            notes: `Drain ${service} and watch it come back on the standby.`,
          }),
      ],
      [
        (cluster, host) =>
          commit(random, {
            author: person(),
            message: `new ingress for ${cluster}`,
            path: 'dns/zones/platform.yaml',
            diff: [
              [' ', `${cluster}:`],
              ['-', `  ingress: ${decoy()}`],
              ['+', `  ingress: ${host}`],
            ],
          }),
        (cluster, host) => said(`what's the front door for ${cluster}?`, `${host}; never the node IPs.`),
        (cluster, host) =>
          ticket(
            `Certificate expiring on ${cluster}`,
            { by: person(), says: `The cert on ${host} expires Friday; that's the only way into ${cluster}.` },
            { by: person(), moves: 'Closed' },
          ),
        (cluster, host) =>
          calendar(random, staff, {
            title: `${cluster} cut-over`,
            where: 'Incident bridge',
            notes: `Repoint ${host} at the new load balancers; ${cluster} stays read-only for an hour.`,
          }),
      ],
    ],
    before: [
      (feature, base) =>
        ticket(
          `${feature} breaks when ${base} is down`,
          { by: person(), says: 'Is that expected?' },
          { by: person(), says: `Yes, ${feature} calls ${base} for every query.` },
          { by: person(), moves: 'Closed' },
        ),
      (feature, base) =>
        said(`why does ${feature} need ${base} switched on?`, "it's built on top of it, no way round that"),
      (feature, base) =>
        calendar(random, staff, {
          title: `${feature} design review`,
          where: 'Room Kepler',
          notes: `${feature} keeps reading through ${base}; no separate store.`,
        }),
    ],
    twoHop: [
      (feature) => `What hostname do I type to get at the servers answering ${feature} requests?`,
      (feature) => `Which domain fronts the hardware that the code of ${feature} sits on?`,
      (feature) => `For ${feature}, which web address leads into the machines hosting its code?`,
    ],
    threeHop: [
      (feature) =>
        `${feature} leans on another part of the product; what hostname gets me to the servers answering requests for that part?`,
      (feature) => `Which domain fronts the hardware hosting the code of whatever ${feature} depends upon?`,
    ],
    distractors: [
      (wrong) => {
        const service = pick(random, firsts);
        return said(`${service}'s staging copy answers on ${pick(random, wrong(service))} if you need to test.`, 'ta');
      },
      (wrong) => {
        const cluster = pick(random, seconds);
        return ticket(
          `Old ingress still resolving for ${cluster}`,
          {
            by: person(),
            says: `${pick(random, answersIn(wrong(cluster)))} still points at the retired balancer of ${cluster}.`,
          },
          { by: person(), moves: 'Resolved' },
        );
      },
      (wrong) => {
        const feature = pick(random, starts);
        return commit(random, {
          author: person(),
          message: `preview environment for ${feature}`,
          path: 'deploy/previews.yaml',
          diff: [
            ['+', `- feature: ${feature}`],
            ['+', `  url: https://${pick(random, wrong(feature))}/preview`],
          ],
        });
      },
      (wrong) => {
        const feature = pick(random, starts);
        const service = pick(
          random,
          firsts.filter((name) => !chained(wrong, feature, name)),
        );
        return said(
          `did ${service} ever handle ${feature}?`,
          `only in the prototype, on ${pick(random, besideBoth(wrong, feature, service))}; long gone`,
        );
      },
      (wrong) => {
        const service = pick(random, firsts);
        const cluster = pick(
          random,
          seconds.filter((name) => !chained(wrong, service, name)),
        );
        return ticket(
          `Evaluate ${cluster} for ${service}`,
          {
            by: person(),
            says: `Load test of ${service} on ${cluster} via ${pick(random, besideBoth(wrong, service, cluster))} failed.`,
          },
          { by: person(), moves: 'Closed' },
        );
      },
      (wrong) => {
        const feature = pick(random, starts);
        const cluster = pick(
          random,
          seconds.filter((name) => !chained(wrong, feature, name)),
        );
        return calendar(random, staff, {
          title: `${feature} customer demo`,
          where: 'Demo stand, hall B',
          notes: `Runs on a throwaway copy in ${cluster} behind ${pick(random, besideBoth(wrong, feature, cluster))}.`,
        });
      },
      (wrong) => {
        const cluster = pick(random, seconds);
        return calendar(random, staff, {
          title: `${cluster} maintenance window`,
          where: 'Incident bridge',
          notes: `Traffic drains to ${pick(random, wrong(cluster))} while the nodes are patched.`,
        });
      },
    ],
  });
}
