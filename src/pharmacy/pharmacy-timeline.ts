import type { TimelineSource } from '../patients';

/**
 * What Pharmacy adds to GET /patients/{id}/timeline, in the registry's shape: one SELECT per event
 * for the patient `?`, yielding (occurred_at, kind, id, title, detail, visit_id). Prescriptions read
 * their (patient_id, created_at) index; dispensings are found through their prescriptions.
 */
export const PHARMACY_TIMELINE_SOURCES: TimelineSource[] = [
  {
    kinds: ['prescription'],
    sql: `SELECT p.created_at AS occurred_at, 'prescription' AS kind, p.id,
                 LEFT(CONCAT('Prescription: ', (SELECT GROUP_CONCAT(CONCAT_WS(' ', i.drug_name, i.strength) ORDER BY i.position SEPARATOR ', ')
                                               FROM prescription_items i WHERE i.prescription_id = p.id)), 255) AS title,
                 CONCAT_WS(' · ', c.name, REPLACE(p.status, '_', ' ')) AS detail, p.visit_id
            FROM prescriptions p JOIN clinics c ON c.id = p.clinic_id WHERE p.patient_id = ?`,
  },
  {
    // The cancellation is its own entry (same id: it is the prescription's record).
    kinds: ['prescription'],
    sql: `SELECT p.cancelled_at AS occurred_at, 'prescription' AS kind, p.id, 'Prescription cancelled' AS title,
                 p.cancelled_reason AS detail, p.visit_id
            FROM prescriptions p WHERE p.patient_id = ? AND p.status = 'cancelled'`,
  },
  {
    kinds: ['dispensing'],
    sql: `SELECT d.dispensed_at AS occurred_at, 'dispensing' AS kind, d.id, CONCAT('Dispensed at ', l.name) AS title,
                 LEFT((SELECT GROUP_CONCAT(CONCAT(
                                 (SELECT SUM(dl.quantity) FROM dispensing_lines dl WHERE dl.dispensing_id = d.id AND dl.prescription_item_id = i.id),
                                 ' × ', i.drug_name) ORDER BY i.position SEPARATOR ', ')
                         FROM prescription_items i
                        WHERE i.prescription_id = d.prescription_id
                          AND EXISTS (SELECT 1 FROM dispensing_lines dl WHERE dl.dispensing_id = d.id AND dl.prescription_item_id = i.id)), 255) AS detail,
                 p.visit_id
            FROM dispensings d JOIN prescriptions p ON p.id = d.prescription_id JOIN stock_locations l ON l.id = d.location_id
           WHERE p.patient_id = ?`,
  },
];
