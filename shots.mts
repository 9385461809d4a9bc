import { startPrivateEngine } from './test/harness/engine';
import { buildBusyboxImage } from './test/harness/image';
import { launchBrowser, startBerth } from './test/e2e/browser';
const engine = await startPrivateEngine({ name: 'shots' });
try {
  await buildBusyboxImage(engine);
  const img = 'berth-test/busybox:latest';
  await engine.docker(['run', '-d', '--name', 'web', '-p', '8088:80', img, 'sleep', '600']).catch(() => {});
  await engine.docker(['volume', 'create', 'data1']);
  await engine.docker(['network', 'create', 'backnet']);
  const berth = await startBerth(engine.dockerHost);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(berth.url);
  await page.getByRole('heading', { name: 'Containers' }).waitFor();
  await page.waitForTimeout(1500);
  for (const [name, hash] of [['containers', '#/containers'], ['images', '#/images'], ['volumes', '#/volumes'], ['networks', '#/networks'], ['compose', '#/compose'], ['terminals', '#/terminals']]) {
    await page.goto(`${berth.origin}/${hash}`);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `/tmp/shot-${name}.png` });
  }
  await browser.close();
  await berth.stop();
} finally {
  await engine.stop();
}
