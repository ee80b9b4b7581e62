package herald.dashboard;

import herald.problem.Problem;
import java.util.Optional;

/**
 * What a form is shown with of its last submission's refusal: {@link #NONE} on its first showing. It
 * gives the page's status, the alert above the fields and the mark on the field the refusal names.
 */
record Refusal(Optional<Problem> problem) {

    static final Refusal NONE = new Refusal(Optional.empty());

    static Refusal of(Problem problem) {
        return new Refusal(Optional.of(problem));
    }

    /** The problem's status, or 200 on a first showing. */
    int status() {
        return problem.map(Problem::status).orElse(200);
    }

    /** The alert above the form: what did not happen ("The webhook was not saved.") and why. */
    Html alert(String outcome) {
        return problem.map(p -> Html.of("<div class=\"error\" role=\"alert\" id=\"form-error\"><strong>{}</strong>"
                + " {}</div>", outcome, p.getMessage())).orElse(Html.EMPTY);
    }

    /**
     * Marks {@code field} when the refusal names it, or a part of it ({@code headers} for
     * {@code headers.X-Token}), so that a screen reader and the eye find it.
     */
    Html mark(String field) {
        boolean named = problem.flatMap(Problem::field).map(f -> f.split("[.\\[]")[0]).filter(field::equals)
                .isPresent();
        return Html.when(named, Html.of(" aria-invalid=\"true\" aria-describedby=\"form-error\""));
    }
}
