/**
 * The twelfth session round's held-out split for GraphRAG: three multi-hop families written and committed
 * by an engineer who did not tune that round's ranking, before any figure was taken on them, and measured
 * once at the end. Unlike split 10's terse, fully reworded notes, these read like a real operations
 * handbook: each note is a paragraph of two to four sentences that states one link of a chain and says
 * something else besides (a date, a place, a colleague), with pronouns across sentences. The chains are
 * new (a team → the office it sits in → that office's landlord → the deposit the landlord holds; an
 * employee → the legal entity employing them → the accountants of that entity → the town those accountants
 * work from; a product → the campaign advertising it → the agency making the campaign → our contact at the
 * agency), the answers are of three kinds (an amount, a place, a person), questions paraphrase the
 * relations in at least half of their hops and name neither bridge nor answer, and half of each company's
 * notes are distractors that put a named entity or a bridge beside a wrong value of the asked kind. Each
 * question carries its chain of entity names, so the data can be checked
 * (test/memory/held-out-families-11.test.ts) without running recall.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, months, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { company, dayIn, people, yearOf } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

export type { HandbookSet } from './handbook-company.ts';

const teamFirst = 'Kestrel,Harbour,Lantern,Northgate,Bramble,Meridian,Saltmarsh,Foxglove,Copperfield,Larkspur'.split(
  ',',
);
const teamSecond = 'Payments,Billing,Returns,Onboarding,Partnerships,Analytics,Fulfilment,Procurement'.split(',');
const sites =
  "Lantern Yard,Copper Wharf,Tanner's Court,Mill Lane Studios,Northgate Chambers,Albion Works,Harbour Exchange,Foundry Row,Kestrel Buildings,Weavers Hall".split(
    ',',
  );
const landlords =
  'Harrow Estates,Calloway Property Trust,Bexley and Stone,Pennant Land,Wexford Holdings,Greyfriars Estates,Marlow Realty,Ashcombe Freeholds'.split(
    ',',
  );
const contractors = 'Brightwell Glazing,Oakmere Facilities,Tarrant Cleaning,Summit Lifts,Clearview Security'.split(',');
const englishForenames = 'Priya,Owen,Hannah,Marcus,Chloe,Tomasz,Grace,Daniel,Leah,Samuel,Nadia,Rhys,Imogen,Felix'.split(
  ',',
);
const englishSurnames = 'Whitaker,Okafor,Brennan,Patel,Hughes,Marsh,Doyle,Kaur,Pearce,Sutton,Fraser,Byrne,Quinn'.split(
  ',',
);
const pounds = (random: Random) => `£${20 + Math.floor(random() * 160)},${pick(random, ['000', '250', '500', '750'])}`;

/**
 * Office leases: which office each team sits in, which landlord owns each office, what deposit each
 * landlord holds. Two-hop: "how much deposit does the landlord of the offices the T team uses hold?";
 * three-hop: the same for the team T was split off from.
 */
export function officeLeases(seed: number): HandbookSet {
  const random = seededRandom(seed * 137_077 + 67);
  const starts = distinct(random, 24, (r) => `${pick(r, teamFirst)} ${pick(r, teamSecond)} team`);
  const firsts = distinct(random, 8, (r) => pick(r, sites));
  const seconds = distinct(random, 7, (r) => pick(r, landlords));
  const amounts = distinct(random, 19, pounds);
  const staff = people(random, 12, englishForenames, englishSurnames);
  const person = () => pick(random, staff);
  const date = dayIn(2037);
  const year = () => yearOf(random);
  return company({
    prefix: 'leases',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: amounts.slice(0, 7),
    decoys: amounts.slice(7),
    links: [
      [
        (team, site) =>
          `The ${team} moved into ${site} in ${pick(random, months)} ${year()}. ${person()} drew up the seating plan.`,
        (team, site) =>
          `${person()} manages the ${team}. Its desks are on the second floor of ${site}, next to the kitchen.`,
        (team, site) =>
          `Visitors for the ${team} sign in at the front desk of ${site}. If nobody comes down, call ${person()}.`,
        (team, site) =>
          `${site} is home to the ${team}. It grew to ${8 + Math.floor(random() * 30)} staff in ${year()}, most of them hired by ${person()}.`,
      ],
      [
        (site, landlord) =>
          `${landlord} bought ${site} in ${year()}. Their facilities manager, ${person()}, walks round once a quarter.`,
        (site, landlord) => `Our lease on ${site} is with ${landlord}. It runs for ten years from ${date(random)}.`,
        (site, landlord) =>
          `Faults with the lifts or heating at ${site} are reported to ${landlord}. ${person()} keeps the log of open faults.`,
        (site, landlord) =>
          `${landlord} sends the quarterly invoice for ${site}. It goes to ${person()} in finance for approval.`,
      ],
      [
        (landlord, amount) =>
          `We lodged a deposit of ${amount} with ${landlord} when the first lease was signed in ${year()}. It sits in a separate client account.`,
        (landlord, amount) =>
          `${landlord} holds ${amount} of ours as security against our leases with them. ${person()} checks the balance every April.`,
        (landlord, amount) =>
          `The guarantee kept by ${landlord} stands at ${amount}. It was last topped up on ${date(random)}.`,
        (landlord, amount) =>
          `If we leave, ${landlord} must return our ${amount} within sixty days. ${person()} negotiated that clause in ${year()}.`,
      ],
    ],
    before: [
      (team, parent) => `The ${team} was split off from the ${parent} in ${year()}. ${person()} led both for a while.`,
      (team, parent) =>
        `In ${year()} the ${parent} grew too big, and the ${team} was carved out of it. The two still share a stand-up on Mondays.`,
      (team, parent) =>
        `The ${team} began as a squad inside the ${parent}. It became a team of its own on ${date(random)}.`,
    ],
    twoHop: [
      (team) => `How much deposit does the landlord of the offices the ${team} uses hold?`,
      (team) => `What security deposit have we paid to whoever owns the premises of the ${team}?`,
      (team) => `The ${team} is located in one of our rented sites; how large is the bond with that site's owner?`,
    ],
    threeHop: [
      (team) =>
        `The ${team} was formed from an older unit; how much deposit does the landlord of that unit's offices hold?`,
      (team) =>
        `What security have we paid to the owner of the premises of the group the ${team} originally belonged to?`,
    ],
    distractors: [
      (wrong) => {
        const team = pick(random, starts);
        return `The ${team} went over its travel budget by ${pick(random, wrong(team))} in ${year()}. ${person()} has asked for the receipts.`;
      },
      (wrong) => {
        const site = pick(random, firsts);
        return `Cleaning ${site} costs ${pick(random, wrong(site))} a year. ${pick(random, contractors)} has the contract until ${year()}.`;
      },
      (wrong) => {
        const team = pick(random, starts);
        return `The ${team} spent ${pick(random, wrong(team))} on new chairs in ${pick(random, months)}. The order was placed by ${person()}.`;
      },
      (wrong) => {
        const team = pick(random, starts);
        return `The ${team} held its summer party on ${date(random)}. The bar bill came to ${pick(random, wrong(team))}, paid by ${person()}.`;
      },
      (wrong) => {
        const site = pick(random, firsts);
        return `${site} had its windows replaced in ${year()}. ${pick(random, contractors)} charged ${pick(random, wrong(site))} for the work.`;
      },
      (wrong) => {
        const site = pick(random, firsts);
        return `The service charge at ${site} rose to ${pick(random, wrong(site))} a year from ${date(random)}. ${person()} queried the increase.`;
      },
      (wrong) => {
        const landlord = pick(random, seconds);
        return `${landlord} fined a tenant ${pick(random, wrong(landlord))} for blocking a fire exit. ${person()} reminded everyone to keep corridors clear.`;
      },
      (wrong) => {
        const landlord = pick(random, seconds);
        return `${landlord} asked us for ${pick(random, wrong(landlord))} towards a new car park barrier in ${year()}. ${person()} refused to pay our share.`;
      },
    ],
  });
}

const europeanForenames =
  'Ines,Matteo,Sofie,Jonas,Aoife,Pieter,Leena,Marek,Elif,Tomas,Nora,Henrik,Carla,Ruben,Maja'.split(',');
const europeanSurnames =
  'Moreno,Brouwer,Keller,Fenwick,Novak,Dunmore,Mallory,Ashby,Varga,Ortega,Haas,Kivi,Lund,Conti,Nyberg'.split(',');
const entities =
  'Tidewater Nordic AB,Tidewater Iberia SL,Tidewater Benelux BV,Tidewater UK Ltd,Tidewater Baltic OU,Tidewater Alpine GmbH,Tidewater Ireland DAC,Tidewater France SAS,Tidewater Polska,Tidewater Italia Srl'.split(
    ',',
  );
const practices =
  'Fenwick Lisle,Dunmore Rigg,Mallory Stroud,Ashby Carver,Pryce Whitlock,Corrie Banks,Hale Ormond,Talbot Mears,Kerr Lyall'.split(
    ',',
  );
const towns = 'Uppsala,Ghent,Porto,Graz,Tartu,Cork,Bremen,Lyon,Aarhus,Bergen,Turku,Leiden,Bilbao,Brno'.split(',');
const formerEmployers = 'a logistics start-up,a bank,one of our suppliers,a university lab,a consultancy'.split(',');

/**
 * Legal entities: which of our legal entities employs each person, which accountancy practice keeps each
 * entity's books, in which town each practice works. Two-hop: "in which town are the accountants of the
 * company employing P?"; three-hop: the same for the colleague who was P's onboarding buddy.
 */
export function legalEntities(seed: number): HandbookSet {
  const random = seededRandom(seed * 139_021 + 71);
  const everyone = people(random, 38, europeanForenames, europeanSurnames);
  const starts = everyone.slice(0, 24);
  const colleagues = everyone.slice(24, 32);
  const advisers = everyone.slice(32);
  const firsts = distinct(random, 8, (r) => pick(r, entities));
  const seconds = distinct(random, 7, (r) => pick(r, practices));
  const places = distinct(random, 12, (r) => pick(r, towns));
  // The towns no practice works from appear only beside people and entities, as places they travel to.
  const elsewhere = places.slice(7);
  const colleague = () => pick(random, colleagues);
  const adviser = () => pick(random, advisers);
  const date = dayIn(2036);
  const year = () => yearOf(random);
  return company({
    prefix: 'entities',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: places.slice(0, 7),
    decoys: elsewhere,
    links: [
      [
        (person, entity) =>
          `${person} joined on ${date(random)} with a contract from ${entity}. They sit with ${colleague()} in the ${pick(random, elsewhere)} hub.`,
        (person, entity) =>
          `The salary of ${person} is paid by ${entity}. Payslips go out on the last Friday of each month, and queries go to ${colleague()}.`,
        (person, entity) =>
          `${entity} took ${person} on in ${year()}. The trial period was supervised by ${colleague()}.`,
        (person, entity) =>
          `${person} transferred to ${entity} on ${date(random)}. The move was handled by ${colleague()} in people operations.`,
      ],
      [
        (entity, practice) =>
          `${practice} prepares the year-end statements of ${entity}. Our contact there is ${adviser()}.`,
        (entity, practice) =>
          `The tax returns of ${entity} are handled by ${practice}. They also look after its VAT registration, which dates from ${year()}.`,
        (entity, practice) => `${entity} was set up in ${year()}. Since then ${practice} has done its bookkeeping.`,
        (entity, practice) =>
          `${practice} signs off the ledgers of ${entity} each spring. ${colleague()} from our finance side gets the draft first.`,
      ],
      [
        (practice, town) => `${practice} has its office in ${town}. The partner on our account is ${adviser()}.`,
        (practice, town) =>
          `Post for ${practice} goes to their ${town} address. ${colleague()} visited them there on ${date(random)}.`,
        (practice, town) =>
          `${practice} is a small practice in ${town}, founded in ${year()}. Most of its clients are exporters.`,
        (practice, town) =>
          `To meet ${practice} in person you travel to ${town}. Their rooms are a short walk from the station; ask for ${adviser()} at the desk.`,
      ],
    ],
    before: [
      (person, buddy) =>
        `When ${person} started, ${buddy} was the onboarding buddy. They met every Thursday for the first ${pick(random, ['two', 'three'])} months.`,
      (person, buddy) =>
        `${buddy} showed ${person} the ropes in ${year()}. The two had worked together at ${pick(random, formerEmployers)}.`,
      (person, buddy) => `${person} was paired with ${buddy} for the first weeks. ${colleague()} set up the pairing.`,
    ],
    twoHop: [
      (person) => `In which town is the accountancy firm that files for the company employing ${person}?`,
      (person) => `${person} is on the books of one of our legal entities; where are that entity's auditors based?`,
      (person) => `Which city do the accountants of the employer of ${person} work from?`,
    ],
    threeHop: [
      (person) =>
        `${person} had a buddy when joining; in which town is the accountancy firm that files for that buddy's employer?`,
      (person) =>
        `Where are the auditors based of the legal entity employing the colleague assigned to help ${person} settle in?`,
    ],
    distractors: [
      (wrong) => {
        const person = pick(random, starts);
        return `${person} spoke at a logistics conference in ${pick(random, wrong(person))} on ${date(random)}. The slides are on the intranet.`;
      },
      (wrong) => {
        const entity = pick(random, firsts);
        return `${entity} rents warehouse space in ${pick(random, wrong(entity))}. Stock is counted there every January.`;
      },
      (wrong) => {
        const person = pick(random, starts);
        return `${person} travelled to ${pick(random, wrong(person))} for a training course in ${pick(random, months)}. The trip was booked by ${colleague()}.`;
      },
      (wrong) => {
        const person = pick(random, starts);
        return `${person} lives in ${pick(random, wrong(person))} and works from home on Fridays. ${colleague()} approved the arrangement in ${year()}.`;
      },
      (wrong) => {
        const entity = pick(random, firsts);
        return `${entity} opened a sales office in ${pick(random, wrong(entity))} on ${date(random)}. It has four desks.`;
      },
      (wrong) => {
        const entity = pick(random, firsts);
        return `The board of ${entity} met in ${pick(random, wrong(entity))} in ${year()}. ${colleague()} took the minutes.`;
      },
      (wrong) => {
        const practice = pick(random, seconds);
        return `${practice} ran a seminar on payroll tax in ${pick(random, wrong(practice))} on ${date(random)}. ${colleague()} went for us.`;
      },
      (wrong) => {
        const practice = pick(random, seconds);
        return `${practice} has a partner firm in ${pick(random, wrong(practice))}. We have never used it.`;
      },
    ],
  });
}

const productFirst = 'Orla,Halden,Brisk,Aster,Fenn,Lumen,Sorrel,Tamsin,Wilder'.split(',');
const productSecond = 'Kettle,Toaster,Blender,Grill,Juicer,Mixer,Steamer,Coffee Press'.split(',');
const campaigns =
  'Bright Mornings,Kitchen Stories,Slow Sundays,Table for Two,Good Crumbs,First Light,Sunday Best,Morning Rituals,Heat and Heart,Small Kitchens'.split(
    ',',
  );
const agencies =
  'Plover and Hart,Northlight Creative,Sable Studio,Magpie Media,Fieldhouse Collective,Wren and Partners,Tallis Brandworks,Copperpot Creative,Oxbow Communications'.split(
    ',',
  );
const magazines = 'Home Cook Monthly,The Kitchen Table,Gadget Weekly,Good Living'.split(',');
const shootPlaces = 'Whitby,Hay-on-Wye,Ludlow,Rye,Padstow'.split(',');
const britishForenames = 'Ava,Theo,Isla,Jack,Freya,Noah,Poppy,Oscar,Millie,Arthur,Ruby,Alfie,Evie,Harry'.split(',');
const britishSurnames =
  'Ainsworth,Bellamy,Cartwright,Dawes,Ellery,Fairley,Goodwin,Hollis,Kettering,Lacey,Merritt,Norcross'.split(',');

/**
 * Marketing campaigns: which campaign advertises each product, which agency makes each campaign, who is
 * our contact at each agency. Two-hop: "who is our contact at the agency behind the advertising for P?";
 * three-hop: the same for the product P was styled to match.
 */
export function marketingCampaigns(seed: number): HandbookSet {
  const random = seededRandom(seed * 149_011 + 73);
  const starts = distinct(random, 24, (r) => `${pick(r, productFirst)} ${pick(r, productSecond)}`);
  const firsts = distinct(random, 8, (r) => pick(r, campaigns));
  const seconds = distinct(random, 7, (r) => pick(r, agencies));
  const everyone = people(random, 25, britishForenames, britishSurnames);
  const contacts = everyone.slice(0, 7);
  // Our own marketers and the journalists are the wrong answers: people of the asked kind, never a contact.
  const marketers = everyone.slice(7, 17);
  const journalists = everyone.slice(17);
  const marketer = () => pick(random, marketers);
  const date = dayIn(2037);
  const year = () => yearOf(random);
  return company({
    prefix: 'campaigns',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: contacts,
    decoys: [...marketers, ...journalists],
    links: [
      [
        (product, campaign) =>
          `${campaign} puts the ${product} front and centre in its print and radio spots. It is on air from ${pick(random, months)} until the end of the year.`,
        (product, campaign) =>
          `The ${product} is the hero of ${campaign}. ${marketer()} signed off the budget on ${date(random)}.`,
        (product, campaign) =>
          `For ${campaign} we photographed the ${product} in a farmhouse kitchen near ${pick(random, shootPlaces)}. The shoot took three days.`,
        (product, campaign) =>
          `${campaign} was planned around the launch of the ${product} on ${date(random)}. ${marketer()} wrote the brief.`,
      ],
      [
        (campaign, agency) =>
          `${agency} created ${campaign} and also buys its media. The contract was signed by ${marketer()} in ${year()}.`,
        (campaign, agency) =>
          `${campaign} is produced for us by ${agency}. They won the pitch in ${pick(random, months)} ${year()}.`,
        (campaign, agency) =>
          `The creative work on ${campaign} comes from ${agency}. Their studio is in ${pick(random, shootPlaces)}, above a bakery.`,
        (campaign, agency) =>
          `${marketer()} briefs ${agency} on ${campaign} every Monday. Changes to the budget need sign-off from ${marketer()}.`,
      ],
      [
        (agency, contact) => `Our account director at ${agency} is ${contact}. Status calls are on Tuesday mornings.`,
        (agency, contact) =>
          `${contact} handles our business at ${agency}. Before ${year()} that was done by a team in London.`,
        (agency, contact) =>
          `Day-to-day questions for ${agency} go to ${contact}. Anything about money is copied to ${marketer()}.`,
        (agency, contact) =>
          `${agency} assigned ${contact} to our brands in ${year()}. Invoices still go through ${marketer()}.`,
      ],
    ],
    before: [
      (product, model) =>
        `The ${product} was styled to match the ${model}. Both share the same handle and the ${pick(random, ['sage', 'cream', 'slate'])} finish ${marketer()} chose.`,
      (product, model) =>
        `Our designers took the ${model} as the pattern for the ${product}. ${marketer()} calls them a matching pair.`,
      (product, model) =>
        `The look of the ${product} copies the ${model}, down to the dial. It went on sale on ${date(random)}.`,
    ],
    twoHop: [
      (product) => `Who is our contact at the agency behind the advertising for the ${product}?`,
      (product) =>
        `The ${product} is being promoted; which person at the firm running that promotion looks after our account?`,
      (product) => `Which agency person do we deal with for the marketing push that features the ${product}?`,
    ],
    threeHop: [
      (product) =>
        `The ${product} was designed to resemble another appliance; who is our contact at the agency behind the advertising for that appliance?`,
      (product) =>
        `Which agency person looks after the marketing push for the item whose design the ${product} follows?`,
    ],
    distractors: [
      (wrong) => {
        const campaign = pick(random, firsts);
        return `${campaign} won a silver award at a ceremony hosted by ${pick(random, wrong(campaign))}. The trophy sits in reception.`;
      },
      (wrong) => {
        const product = pick(random, starts);
        return `${pick(random, wrong(product))} suggested the name of the ${product} in ${year()}. The shortlist had six names on it.`;
      },
      (wrong) => {
        const product = pick(random, starts);
        return `The ${product} was reviewed by ${pick(random, wrong(product))} in ${pick(random, magazines)} on ${date(random)}. The review gave it four stars.`;
      },
      (wrong) => {
        const product = pick(random, starts);
        return `${pick(random, wrong(product))} demonstrated the ${product} at the spring trade fair. Stock ran out by the second day.`;
      },
      (wrong) => {
        const campaign = pick(random, firsts);
        return `${pick(random, wrong(campaign))} presented the results of ${campaign} to the sales team on ${date(random)}. Sales rose in the weeks after.`;
      },
      (wrong) => {
        const campaign = pick(random, firsts);
        return `${campaign} was praised in a column by ${pick(random, wrong(campaign))} in ${year()}. The column ran in ${pick(random, magazines)}.`;
      },
      (wrong) => {
        const agency = pick(random, seconds);
        return `${agency} invited ${pick(random, wrong(agency))} to its summer party. There were speeches and a barbecue.`;
      },
      (wrong) => {
        const agency = pick(random, seconds);
        return `${pick(random, wrong(agency))} once worked at ${agency}, on a rival brand. That was before ${year()}.`;
      },
    ],
  });
}
