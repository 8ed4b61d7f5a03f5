package co.mesa.adminpages;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the calendars page shows what the tenant data's checks refuse (issue 21): a closure that is
 * not a date, or is listed twice, next to the closure's date input in the form's words with what was
 * typed; a problem with the weekly hours next to the calendar's days.
 */
final class CalendarPlaces {

    private CalendarPlaces() {
    }

    static ProblemPlaces closures(JsonNode doc, String calendar, String typed) {
        String at = "/calendars/" + CatalogEdits.indexOf(doc.path("calendars"), calendar) + "/extraClosedDays";
        return problem -> {
            if (!problem.path().equals(at) && !problem.path().startsWith(at + "/")) {
                return null;
            }
            String key = problem.code().equals("schema.uniqueItems") ? "admin.calendars.error.date-duplicate"
                    : "admin.calendars.error.date-format";
            return new ProblemPlaces.Placement("fecha-" + calendar, key, typed);
        };
    }

    static ProblemPlaces hours(JsonNode doc, String calendar) {
        String at = "/calendars/" + CatalogEdits.indexOf(doc.path("calendars"), calendar) + "/hours";
        return problem -> problem.path().equals(at) || problem.path().startsWith(at + "/")
                ? ProblemPlaces.Placement.at(HoursForm.daysId(calendar)) : null;
    }
}
