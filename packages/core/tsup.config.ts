import { packageConfig } from '../../tools/tsup.shared';

export default packageConfig({
  // tfjs-core ships no gradients; its stock gradient set is bundled here (Node's ESM loader
  // cannot import those files directly) while tfjs-core itself stays an external peer, so an
  // app keeps one engine. Gradient registrations live in tfjs's global registry.
  external: [/^@tensorflow\/tfjs-core$/],
  noExternal: [/@tensorflow\/tfjs-core\/dist\/register_all_gradients/],
});
