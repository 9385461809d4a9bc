/**
 * CSS colour variables as values, for code that draws its own colours (a terminal, a chart). The
 * variables are light-dark() pairs, which getPropertyValue returns unresolved; a real colour property
 * resolves them in the theme on screen, so each is read back through a hidden probe's `color`.
 */
export function themeColours<K extends string>(variables: Record<K, string>): Record<K, string> {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  document.body.append(probe);
  const colours = {} as Record<K, string>;
  for (const key of Object.keys(variables) as K[]) {
    probe.style.color = `var(${variables[key]})`;
    colours[key] = getComputedStyle(probe).color;
  }
  probe.remove();
  return colours;
}
