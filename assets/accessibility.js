/* Dash 4.4's dropdown and radio items fail WCAG as rendered (axe-core: aria-hidden-focus, nested-interactive,
   aria-input-field-name). This corrects their ARIA each time Dash renders them:
   - the dropdown's hidden focus relay (a Safari work-around, focusable although aria-hidden) leaves the tab order
     and its button takes it: Enter or ↓ on the button opens the list, as before;
   - radio items are a "listbox" of "option" labels holding real radio buttons: they become a named radiogroup of
     plain labels, so each native radio button is announced and arrow keys move between them;
   - the upload zone's file input has no name: it takes the zone's visible text;
   - an open dropdown's panel (a dialog) and its list of options have no name: they take the dropdown's label
     (or its placeholder); the scrolling list is a focusable group of the listbox. Each option's check box, a
     control inside a control, is not drawn: style.css draws its state from the option's aria-selected. */
(function () {
  function labelText(element) {
    const label = element.id && document.querySelector('label[for="' + CSS.escape(element.id) + '"]');
    return label ? label.textContent.trim() : null;
  }

  function set(element, attribute, value) {
    if (element.getAttribute(attribute) !== value) element.setAttribute(attribute, value);
  }

  function correct() {
    document.querySelectorAll('.dash-dropdown-focus-target').forEach(function (relay) {
      set(relay, 'tabindex', '-1');
      const button = relay.nextElementSibling;
      if (button && button.tagName === 'BUTTON' && !button.disabled) set(button, 'tabindex', '0');
    });
    document.querySelectorAll('.dash-radioitems, .dash-checklist').forEach(function (group) {
      set(group, 'role', group.classList.contains('dash-radioitems') ? 'radiogroup' : 'group');
      const name = labelText(group);
      if (name) set(group, 'aria-label', name);
      group.querySelectorAll('label[role]').forEach(function (option) {
        option.removeAttribute('role');
        option.removeAttribute('aria-selected');
      });
    });
    document.querySelectorAll('.dash-dropdown-content').forEach(function (panel) {
      const wrapper = panel.closest('.dash-dropdown-wrapper');
      const trigger = wrapper && wrapper.querySelector('button.dash-dropdown');
      if (!trigger) return;
      const name = labelText(trigger) || trigger.textContent.trim();
      if (name) set(panel, 'aria-label', name);
      const list = panel.querySelector('[role="listbox"]');
      if (list && name) set(list, 'aria-label', name);
      panel.querySelectorAll('.dash-options-list-virtualized').forEach(function (scroller) {
        set(scroller, 'tabindex', '0');  // the list scrolls: the keyboard reaches it, a group of the listbox
        set(scroller, 'role', 'group');
        if (name) set(scroller, 'aria-label', name);
      });
    });
    document.querySelectorAll('input[type="file"]:not([aria-label])').forEach(function (input) {
      const zone = input.parentElement;
      if (zone && zone.textContent.trim()) input.setAttribute('aria-label', zone.textContent.trim());
    });
  }

  new MutationObserver(correct).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['tabindex', 'role', 'aria-selected']});
  document.addEventListener('DOMContentLoaded', correct);
})();
