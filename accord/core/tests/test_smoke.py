from accord.core.testing import sign_in


def test_home_for_each_signed_in_persona(client, personas):
    for name in ["investigator", "advocate", "vsp_admin", "member", "coordinator", "auditor"]:
        sign_in(client, personas.user(name))
        response = client.get("/")
        assert response.status_code == 200, name
        assert b"Good to see you" in response.content
        client.logout()
