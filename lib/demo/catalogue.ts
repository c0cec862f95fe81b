// The nouns of the demo: Fernhill, a mid-size home-and-garden retailer shipping across Europe. Its
// products, carriers, support staff and reference formats, so rationales read like a real shop's.
import type { Random } from "./random";

export interface Product {
  name: string;
  /** Typical price in EUR. */
  price: number;
}

export const PRODUCTS: readonly Product[] = [
  { name: "linen duvet cover (double)", price: 89 },
  { name: "cast-iron casserole 24 cm", price: 129 },
  { name: "set of 4 stoneware mugs", price: 34 },
  { name: "bamboo bath towel bundle", price: 49 },
  { name: "oak bedside table", price: 219 },
  { name: "wool throw blanket", price: 75 },
  { name: "espresso grinder", price: 189 },
  { name: "ceramic table lamp", price: 64 },
  { name: "garden hose reel 30 m", price: 58 },
  { name: "rattan lounge chair", price: 349 },
  { name: "set of 6 wine glasses", price: 42 },
  { name: "cotton percale sheet set", price: 69 },
  { name: "cordless hedge trimmer", price: 139 },
  { name: "herb planter trio", price: 29 },
  { name: "memory foam pillow", price: 39 },
  { name: "stainless steel pan set", price: 159 },
  { name: "jute runner rug 80×250", price: 95 },
  { name: "outdoor string lights", price: 27 },
  { name: "walnut chopping board", price: 45 },
  { name: "velvet cushion covers (pair)", price: 32 },
  { name: "electric kettle 1.7 l", price: 54 },
  { name: "folding bistro set", price: 179 },
  { name: "blackout curtains 140×260", price: 79 },
  { name: "scented candle gift box", price: 24 },
];

export interface Carrier {
  name: string;
  tracking: (rng: Random) => string;
}

export const CARRIERS: readonly Carrier[] = [
  { name: "DHL", tracking: (r) => `JJD00${r.digits(15)}` },
  { name: "DPD", tracking: (r) => `0${r.digits(13)}` },
  { name: "UPS", tracking: (r) => `1Z${r.hex(6).toUpperCase()}${r.digits(10)}` },
  { name: "GLS", tracking: (r) => `${r.digits(11)}` },
  { name: "PostNL", tracking: (r) => `3S${r.hex(4).toUpperCase()}${r.digits(9)}` },
  { name: "Hermes", tracking: (r) => `H${r.digits(19)}` },
];

/** The support team: ids as in the HR system, display names for approvals. */
export const AGENTS: readonly { id: string; name: string }[] = [
  "Sam Rivera", "Lena Fischer", "Tomás Álvarez", "Priya Nair", "Jonas Weber", "Aoife Byrne", "Marta Kowalska",
  "Kwame Mensah", "Elif Demir", "Lucas Martin", "Sofia Rossi", "Noah Jansen", "Hannah Schmidt", "Mateo García",
  "Chloé Dubois", "Oskar Nilsson", "Amara Okafor", "Ruben de Vries", "Zofia Nowak", "Ilse Peeters", "Daniel Costa",
  "Freya Lindqvist", "Yusuf Arslan", "Clara Moreau", "Emil Hansen", "Leonie Wagner", "Pietro Conti", "Nadia Haddad",
  "Tobias Keller", "Mei Chen", "Julien Lefèvre", "Ana Ribeiro", "Finn O'Connor", "Sara Lund", "Milan Horvat",
  "Greta Vogel",
].map((name, i) => ({ id: `agent_${String(101 + i * 7).padStart(4, "0")}`, name }));

export const euro = (value: number) => `€${value.toFixed(2)}`;

/** Prices end in .99, .95 or .00 as shop prices do. */
export function shopPrice(rng: Random, around: number): number {
  const whole = Math.max(3, Math.round(rng.logNormal(around, 0.35)));
  return whole - rng.pick([0.01, 0.05, 0]);
}

export const orderNumber = (rng: Random) => `FH-${rng.int(1_000_000, 9_999_999)}`;
