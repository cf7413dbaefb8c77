"""The default victim-needs taxonomy, after the OVC TTAC Task Force e-Guide's needs list and the
HHS ASPE needs studies (see shared reference domain.md, section 2.3). It is data: the coordinator
edits it on the Taxonomy page; this migration only adds terms that are missing."""

from django.db import migrations

# (code, name, group, capacity unit, description)
TERMS = [
    ("crisis_intervention", "Crisis intervention", "Safety and crisis", "none", "Immediate emotional support and stabilisation."),
    ("safety_planning", "Safety planning", "Safety and crisis", "none", "Planning to stay safe from traffickers and others."),
    ("emergency_shelter", "Emergency shelter", "Housing", "beds", "Same-day or overnight shelter, hotel vouchers or safe houses."),
    ("transitional_housing", "Transitional housing", "Housing", "beds", "Housing for months while the survivor stabilises."),
    ("long_term_housing", "Long-term housing", "Housing", "slots", "Help finding and keeping permanent housing."),
    ("food", "Food", "Basic needs", "none", "Meals, groceries and food assistance."),
    ("clothing", "Clothing", "Basic needs", "none", "Clothing and personal items."),
    ("transportation", "Transportation", "Basic needs", "none", "Rides, transit passes, travel to appointments and court."),
    ("child_care", "Child care", "Basic needs", "slots", "Care for survivors' children."),
    ("child_dependent_assistance", "Child-specific (dependent) assistance", "Basic needs", "none", "Help for survivors' dependent children."),
    ("case_management", "Case management", "Case management and advocacy", "slots", "An advocate who coordinates services."),
    ("crime_victim_rights", "Crime victims' rights and benefits", "Case management and advocacy", "none", "Victim compensation and rights notification."),
    ("criminal_justice_assistance", "Criminal justice assistance", "Case management and advocacy", "none", "Support through investigation and court."),
    ("cultural_support", "Cultural community support", "Case management and advocacy", "none", "Connection to the survivor's cultural community."),
    ("medical_care", "Medical care", "Health", "none", "Emergency and ongoing medical care."),
    ("dental_care", "Dental care", "Health", "none", "Emergency and long-term dental care."),
    ("mental_health", "Mental health and trauma recovery", "Health", "slots", "Counselling and trauma-informed therapy."),
    ("substance_use", "Substance use treatment", "Health", "beds", "Detox, residential and outpatient treatment."),
    ("disability_assistance", "Disability assistance", "Health", "none", "Support for survivors with disabilities."),
    ("legal_criminal", "Legal help: criminal", "Legal", "none", "Victim rights in criminal cases, vacatur and record relief."),
    ("legal_civil", "Legal help: civil", "Legal", "none", "Civil claims, wage claims, benefits, civil awards."),
    ("legal_immigration", "Legal help: immigration", "Legal", "slots", "T and U visas, Continued Presence, other relief."),
    ("legal_family", "Legal help: family", "Legal", "none", "Custody, divorce and protection orders."),
    ("interpretation", "Interpretation and translation", "Language and documents", "none", "Spoken interpretation and written translation."),
    ("identity_documents", "Identity documents", "Language and documents", "none", "Replacing IDs, birth certificates and passports."),
    ("education", "Education and GED classes", "Education and work", "none", "Schooling, GED and higher education."),
    ("esl", "English classes (ESL)", "Education and work", "none", "English as a second language."),
    ("job_training", "Job training and employment", "Education and work", "slots", "Training, placement and employment support."),
    ("financial_literacy", "Financial literacy", "Education and work", "none", "Budgeting, banking and credit repair."),
    ("life_skills", "Life skills", "Education and work", "none", "Everyday independent-living skills."),
    ("family_reunification", "Family contact and reunification", "Family and return", "none", "Contacting and reuniting with family."),
    ("repatriation", "Repatriation", "Family and return", "none", "Safe, voluntary return to the home country."),
]


def add_terms(apps, schema_editor):
    ServiceCategory = apps.get_model("directory", "ServiceCategory")
    existing = set(ServiceCategory.objects.values_list("code", flat=True))
    ServiceCategory.objects.bulk_create([
        ServiceCategory(code=code, name=name, group=group, capacity_unit=unit, description=description,
                        sort_order=(index + 1) * 10)
        for index, (code, name, group, unit, description) in enumerate(TERMS) if code not in existing
    ])


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(add_terms, migrations.RunPython.noop)]
