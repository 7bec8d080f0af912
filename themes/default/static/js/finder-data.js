// The health-centre data the finder and the comparison read (/<lang>/clinics/data.json). The
// build writes it from `FinderData` in src/render/care.rs; the field lists below are the
// contract, and tests/testsuite/care.rs fails when they and the built file disagree.

/** Every unit's fields. */
export const UNIT_FIELDS = [
  'id', 'name', 'url', 'type', 'region', 'municipality', 'address', 'town', 'phone', 'tel', 'geo',
  'services', 'languages', 'accessibility', 'listingOpen', 'eservices', 'hours', 'special',
];

/** The label groups: a name for each key units use, and the comparison's row labels. */
export const LABEL_GROUPS = ['services', 'languages', 'accessibility', 'eservices', 'fields'];

/**
 * Fetches the data and checks that it has what the scripts read, so a change on one side only
 * fails loudly here rather than showing empty cells.
 * @param {string} url
 */
export async function loadFinderData(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const data = await response.json();
  const missing = (object, fields) => fields.filter((f) => !(f in object));
  const gaps = [...missing(data.labels ?? {}, LABEL_GROUPS), ...(data.units ?? []).flatMap((u) => missing(u, UNIT_FIELDS))];
  if (!Array.isArray(data.units) || gaps.length) throw new Error(`${url} lacks ${[...new Set(gaps)].join(', ') || 'units'}`);
  return data;
}
