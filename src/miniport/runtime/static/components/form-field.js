// What <form> needs from the controls it collects: a `name`, a current value and a
// way back to the value the page gave. Components mix this in by defining
// `formValue` (getter) and `formReset()`, and setting `isFormField = true`.

/**
 * Named form fields under `root` in document order: light DOM children, and the
 * shadow roots of custom components (not of our built-ins, whose shadow content is
 * private). Does not descend into a field (a checkbox-group owns its checkboxes) or
 * into a nested form.
 */
export function collectFields(root) {
  const fields = [];
  const visit = (node) => {
    for (const child of node.children) {
      if (child.isFormField) {
        fields.push(child);
        continue;
      }
      if (child.localName === 'wx-form') continue;
      if (child.shadowRoot && !child.localName.startsWith('wx-')) visit(child.shadowRoot);
      visit(child);
    }
  };
  visit(root);
  return fields;
}
