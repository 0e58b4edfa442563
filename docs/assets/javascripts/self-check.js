/* Self-checks (talksite.teaching.self_check): immediate feedback that says why.
 *
 * The build writes each item as a radio group (fieldset + legend) with its answer and explanation
 * in a <details>, so without script the answers are one click away. This adds, per item, a
 * "Check answer" button and a live region (role=status) that announces "Correct" or "Not quite",
 * the right answer and why. Native radios and buttons: Tab, arrow keys and Space/Enter work.
 */
(function () {
  "use strict";

  function enhance(item) {
    if (item.querySelector(".self-check__check")) return; // already done (instant navigation)
    var fieldset = item.querySelector("fieldset");
    var answer = item.getAttribute("data-answer");
    var why = item.querySelector(".self-check__why");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "self-check__check";
    button.textContent = "Check answer";
    var legend = fieldset.querySelector("legend");
    button.setAttribute("aria-label", "Check answer: " + legend.textContent);
    var feedback = document.createElement("p");
    feedback.className = "self-check__feedback";
    feedback.setAttribute("role", "status");
    fieldset.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", feedback);

    button.addEventListener("click", function () {
      var chosen = fieldset.querySelector("input:checked");
      var right = fieldset.querySelector('input[value="' + answer + '"]');
      var rightText = right.parentElement.textContent.trim();
      item.classList.remove("self-check__item--right", "self-check__item--wrong");
      if (!chosen) {
        feedback.textContent = "Choose an answer first.";
        return;
      }
      var correct = chosen.value === answer;
      item.classList.add(correct ? "self-check__item--right" : "self-check__item--wrong");
      feedback.textContent = (correct ? "Correct. " : "Not quite: the answer is \u201C" + rightText + "\u201D. ") +
        (why ? why.textContent.trim() : "");
    });
    // A new choice clears the old verdict, so it is never shown against the wrong option.
    fieldset.addEventListener("change", function () {
      item.classList.remove("self-check__item--right", "self-check__item--wrong");
      feedback.textContent = "";
    });
  }

  function enhanceAll() {
    document.querySelectorAll(".self-check .self-check__item").forEach(enhance);
  }

  // In a task of its own, after Material's page set-up rather than inside it (as links.js).
  function onDocument() {
    setTimeout(enhanceAll, 0);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onDocument); // first load and every instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onDocument);
  } else {
    onDocument();
  }
})();
