/* Self-checks (talksite.teaching.self_check): immediate feedback that says why.
 *
 * The build writes each item as a radio group (fieldset + legend) with its answer and every
 * option's feedback in a <details>, so without script the answers are one click away, and a "Check
 * answer" button with a live region (role=status), which self-check.css hides without script. With
 * script the disclosure stays hidden until the item has been checked once, so the answer is not a
 * click away before the learner has committed to one. This answers the button: the region says "Correct" or "Not quite", the feedback written for the
 * option chosen (its data-option), and for a wrong choice the right answer and why. Native radios
 * and buttons: Tab, arrow keys and Space/Enter work.
 */
(function () {
  "use strict";

  function closest(event, selector) {
    return event.target instanceof Element ? event.target.closest(selector) : null;
  }

  function check(button) {
    var item = button.closest(".self-check__item");
    var feedback = item && item.querySelector(".self-check__feedback");
    if (!feedback) return;
    var answer = item.getAttribute("data-answer");
    var chosen = item.querySelector("fieldset input:checked");
    var right = item.querySelector('fieldset input[value="' + answer + '"]');
    item.classList.remove("self-check__item--right", "self-check__item--wrong");
    if (!chosen) {
      feedback.textContent = "Choose an answer first.";
      return;
    }
    if (!right) return; // the build checks that the answer is one of the options
    var correct = chosen.value === answer;
    item.classList.add("self-check__item--checked");
    item.classList.add(correct ? "self-check__item--right" : "self-check__item--wrong");
    // The key as its option reads, unquoted: quotation marks on this site hold only the talk's words,
    // and an option that quotes the talk carries its own.
    var key = right.parentElement.textContent.trim().replace(/[.:]$/, "");
    var text = correct ? "Correct. " + why(item, answer) : "Not quite. " + why(item, chosen.value) +
      " The right answer: " + key + ". " + why(item, answer);
    feedback.textContent = text.trim();
  }

  // The feedback written for one option of an item (the build puts each in the item's answer).
  function why(item, option) {
    var node = item.querySelector('.self-check__why[data-option="' + option + '"]');
    return node ? node.textContent.trim() : "";
  }

  // One listener of each kind for every item, now and after instant navigation swaps the content.
  document.addEventListener("click", function (event) {
    var button = closest(event, ".self-check__check");
    if (button) check(button);
  });
  // A new choice clears the old verdict, so it is never shown against the wrong option.
  document.addEventListener("change", function (event) {
    var item = closest(event, ".self-check__item");
    if (!item) return;
    item.classList.remove("self-check__item--right", "self-check__item--wrong");
    var feedback = item.querySelector(".self-check__feedback");
    if (feedback) feedback.textContent = "";
  });
})();
