/** The image to run and the container's name. */
import { Problems, TextField } from './Field';
import { useRunChoices } from './api';
import { PullImageOffer } from './PullImageOffer';
import type { SectionProps } from './section';

export function GeneralSection({ form, change, problems }: SectionProps) {
  const images = useRunChoices('images');
  return (
    <section className="run-section run-section--general" aria-label="Image and name">
      <div className="run-grid run-grid--2">
        <div>
          <TextField
            field="image"
            label="Image"
            value={form.image}
            onChange={(image) => change((f) => ({ ...f, image }))}
            placeholder="nginx:latest"
            list="run-images"
            autoFocus={!form.image}
            mono
          />
          <Problems field="image" problems={problems.byField.get('image')}>
            {(p) => (p.pullImage ? <PullImageOffer image={p.pullImage} /> : null)}
          </Problems>
          <datalist id="run-images">
            {images.data?.map((i) => <option key={i.name} value={i.name} />)}
          </datalist>
        </div>
        <TextField
          field="name"
          label="Name"
          value={form.name}
          onChange={(name) => change((f) => ({ ...f, name }))}
          problems={problems.byField.get('name')}
          placeholder="Chosen by the engine when empty"
          autoFocus={Boolean(form.image)}
        />
      </div>
    </section>
  );
}
