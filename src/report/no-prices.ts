/**
 * What a view of savings says when the config has no prices (rightsize's table, the HTML report): how to add them,
 * instead of a blank saving column. Apart from the renderers, so the HTML report need not load the table's code.
 */
export const NO_PRICES =
  'No saving shown: the config has no prices. Add the yearly price of each seat to the config, e.g. ' +
  'prices: { developer: 1650, standard: 800, viewer: 400 } (and currency: EUR if not USD).';
